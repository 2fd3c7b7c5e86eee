# -*- coding: latin-1 -*-
# Les pages sont téléchargées dans des threads : un fichier écrit en Latin-1,
# que Python lit d'après la déclaration de la ligne 1.
import threading


def télécharge(adresse):
    print("téléchargement de", adresse)


t_été = threading.Thread(target=télécharge("été.html"))  #~ target_called
t_été.start()
t_été.join()

# Près du but : la fonction et ses arguments, sans appel.
t_hiver = threading.Thread(target=télécharge, args=("hiver.html",))
t_hiver.start()
t_hiver.join()
